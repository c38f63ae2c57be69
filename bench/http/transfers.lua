-- wrk script: each request is one ledger transfer of 1 won between two accounts, with a new
-- transfer id. Args: <first id> <bearer token> [keyed]; "keyed" sends a new Idempotency-Key
-- with each request (as the market's buy will). WRK_REPORT names report.lua (its done() must
-- be defined at load time, in every Lua state wrk makes).
dofile(os.getenv("WRK_REPORT"))
local next_id, token, keyed
init = function(args)
  next_id = tonumber(args[1])
  token = args[2]
  keyed = args[3] == "keyed"
end
request = function()
  next_id = next_id + 1
  local body = string.format(
    '{"id":"%d","debit_account_id":"1000001","credit_account_id":"1000002","amount":1,"ledger":1,"code":1}',
    next_id)
  local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }
  if keyed then headers["Idempotency-Key"] = "bench-" .. next_id end
  return wrk.format("POST", nil, headers, body)
end
