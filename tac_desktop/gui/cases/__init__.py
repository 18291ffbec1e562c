"""The cases: the list of cases, one family's case (its people, agencies and summary, with
a tab for each area of work), the dialogs for a new case and a professional, the mark on
a person who must receive no information about others, and the glossary window."""
