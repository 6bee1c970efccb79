"""Lists that leave the program: pure writers of a list's rows (CSV, Excel), no Qt, no database."""
