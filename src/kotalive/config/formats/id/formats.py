"""Indonesian pages write dates as the English ones do (see `en.formats`): "3 Des 2026, 21:34" on
every page a resident reads, not Django's numeric "03-12-2026 21.34" in some places and words in
others. The month names come from the translation."""

from __future__ import annotations

from kotalive.config.formats.en.formats import DATE_FORMAT as DATE_FORMAT
from kotalive.config.formats.en.formats import DATETIME_FORMAT as DATETIME_FORMAT
from kotalive.config.formats.en.formats import FIRST_DAY_OF_WEEK as FIRST_DAY_OF_WEEK
from kotalive.config.formats.en.formats import MONTH_DAY_FORMAT as MONTH_DAY_FORMAT
from kotalive.config.formats.en.formats import SHORT_DATE_FORMAT as SHORT_DATE_FORMAT
from kotalive.config.formats.en.formats import SHORT_DATETIME_FORMAT as SHORT_DATETIME_FORMAT
from kotalive.config.formats.en.formats import TIME_FORMAT as TIME_FORMAT
from kotalive.config.formats.en.formats import YEAR_MONTH_FORMAT as YEAR_MONTH_FORMAT
