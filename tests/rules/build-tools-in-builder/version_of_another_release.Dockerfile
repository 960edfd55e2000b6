# expect: findings
# The runtime stage pins gcc to a version of bullseye; the builder runs bookworm, which has
# another: reported, not moved.
FROM python:3.12-slim-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN pip wheel -w /wheels /src

FROM python:3.12-slim-bullseye
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:10.2.1-1 libpq5 && rm -rf /var/lib/apt/lists/*
COPY --from=build /wheels /wheels
CMD ["python", "-m", "app"]
