"""Handing a child on and closing the case: the case's Transitions and closure tab,
its dialogs and the closure checklist."""
