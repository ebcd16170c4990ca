"""Mentoring and coaching: mentor profiles, requests, matching, mentorships and their meetings."""
