# expect: findings
# Development packages of libraries are only reported: each brings in its library, which the
# application may load. The tools beside them still move.
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base
COPY . /src
RUN make -C /src

FROM alpine:3.21
RUN apk add --no-cache postgresql-dev gcc musl-dev libffi-dev
COPY --from=build /src/app /usr/local/bin/app
