FROM python:3.11-slim-bookworm

# gettext compiles the catalogs; Pango, HarfBuzz and the fonts serve WeasyPrint.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY ncc_portal ncc_portal
COPY initiatives initiatives
COPY ecosystem ecosystem
COPY training training
COPY partnerships partnerships
RUN pip install --no-cache-dir -c constraints.txt .
COPY . .
# Build-time values only: the real SECRET_KEY comes from the environment at run time.
RUN SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(60))") \
    python manage.py compilemessages --ignore=.venv \
    && SECRET_KEY=build-only-$(python -c "import secrets; print(secrets.token_urlsafe(60))") \
    python manage.py collectstatic --no-input
RUN useradd --create-home ncc && mkdir -p /data/media /data/private && chown ncc /data/media /data/private
USER ncc
EXPOSE 8000
