"""The meeting: the chair's screen while it happens (``screen``, one ``section_page``
per agenda section, each structured part in ``parts/``), its dialogs, and the case's
Meetings tab that plans, opens and tracks them (``meetings_tab``)."""
