"""The strategy tracker: each country's strategy milestones."""
