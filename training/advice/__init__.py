"""Ask the NCC: questions from ministries and managing authorities, the coordinators' queue, FAQ."""
