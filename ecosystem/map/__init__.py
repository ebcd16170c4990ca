"""The ecosystem map: initiatives, case studies and actors per NUTS region."""
