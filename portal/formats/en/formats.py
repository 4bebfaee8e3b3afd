"""English dates as people write them (6 Dec 2026), not the US "Dec. 6, 2026"."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
