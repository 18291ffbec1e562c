"""The shell around every area: start-up and demo mode (``app``), the main window with
lock and auto-lock (``main_window``), and the create and unlock pages (``vault_pages``).
Only Qt and light modules load before the unlock page shows."""
