"""Chinese formats that differ from Django's: amounts are grouped by thousands with a comma (¥593,676.00),
as banks, receipts and regulators write them; dates stay Django's 2026年12月6日."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
