"""The words of a report in its language: number formatting, phrases and sentences."""
