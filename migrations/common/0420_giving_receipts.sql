-- Donation receipts (issue 17): a cause's registration number (고유번호 or 사업자등록번호 of the
-- charity), printed on its donors' yearly receipts. '' until the program's manager gives it.
ALTER TABLE giving_causes ADD COLUMN registration_no TEXT NOT NULL DEFAULT '';
