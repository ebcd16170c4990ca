"""Open data: nightly dumps of every resource of the public API (``dumps``), served from the
"Open data" page, and the DCAT-AP catalogue that describes them (``catalogue``)."""
