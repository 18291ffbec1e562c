"""What every area of the window uses and no area owns: the small form builders, the
table models, the dialog that saves through a service, the background runner, the
settings, the person form, the marking of acronyms in notes. Imports no area."""
