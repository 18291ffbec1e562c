"""Services: one function per user action, each one unit of work on the vault."""
