"""Tasks: the case's action plan, My actions across every open case, and the task
dialogs and table the review meeting's task parts use too."""
