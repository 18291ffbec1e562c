"""The Qt interface. It asks ``tac_desktop.core`` for everything; it runs no SQL."""
