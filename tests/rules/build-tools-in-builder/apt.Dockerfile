# expect: findings
FROM debian:bookworm-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN make -C /src

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential \
      ca-certificates \
      git=1:2.39.5-0+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt install -y autoconf && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/app /usr/local/bin/app
