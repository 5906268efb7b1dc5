"""The media engine's evaluation set: the five seeds as received and articles written for it, with labels."""
