"""Practice rules: Think Family questions, working days, agenda templates, finalising."""
