# expect: findings
FROM alpine:3.21 AS build
RUN apk add --no-cache \
      build-base \
      git
COPY . /src
RUN make -C /src

FROM alpine:3.21
RUN apk add --no-cache curl gcc musl-dev
RUN apk add --no-cache \
      ca-certificates \
      # headers for the extension
      linux-headers \
      tzdata
RUN apk upgrade --no-cache && apk add --no-cache make
# The generator for the CMake projects.
RUN apk add --no-cache cmake
COPY --from=build /src/app /usr/local/bin/app
