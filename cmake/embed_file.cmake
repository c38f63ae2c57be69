# Writes a C++ source defining `const char* <SYMBOL>()` that returns the text of INPUT.
# Inputs: INPUT, OUTPUT, SYMBOL, NAMESPACE.
file(READ ${INPUT} text)
set(out "// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\nnamespace ${NAMESPACE} {\nconst char* ${SYMBOL}() {\n  return R\"__embed__(${text})__embed__\";\n}\n}  // namespace ${NAMESPACE}\n")
file(WRITE ${OUTPUT}.tmp "${out}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
