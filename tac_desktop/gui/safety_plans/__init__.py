"""The case's safety plans: the draft being written section by section, the versions
issued, whom each was sent to and who still holds an older one."""
