# expect: findings
FROM python:3.12-slim AS runtime
ENV PYTHONUNBUFFERED=1
RUN apt-get update \
    # The database client library.
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=ghcr.io/astral-sh/uv:0.5 \
     /uv /opt/uv/bin/uv
COPY . /app
CMD ["python", "-m", "app"]
