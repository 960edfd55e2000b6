# expect: findings
# The stage that installs does not build, but the stage built on it does: the tools go to the
# install.
FROM debian:bookworm-slim AS deps
RUN apt-get update && apt-get install -y --no-install-recommends gcc \
 && rm -rf /var/lib/apt/lists/*

FROM deps AS build
RUN make -C /src

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends make curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/app /usr/local/bin/app
