"""Files out and in: Excel rosters and schedules, iCal calendars, Excel imports.

The window and the ``necst`` command line call the same functions:

* :mod:`.excel`   ``write_roster``, ``write_schedule``, ``write_client_workbook``
* :mod:`.ical`    ``operator_calendar``, ``client_calendar``
* :mod:`.imports` ``write_template``, ``preview_import``, ``apply_import``, ``import_file``
* :mod:`.safety`  limits and checks for files coming in, formula-safe text going out
* :mod:`.atomic`  temporary file + rename, with plain messages when the target is locked

The PDF writer needs Qt and lives in :mod:`necst_desktop.printing`.
"""
