"""The parts of the main window, one module each; ``msmedesk.ui.main_window`` joins them.

``base`` (what the parts share), ``menus`` (actions and menus), ``tabs`` (the data file's
pages and the record tabs), ``files`` (File menu actions), ``safety`` (backups, restore,
damage and the backup status), ``remembered`` (settings kept between sessions) and
``empty_state`` (the page of a data file with no records).
"""
