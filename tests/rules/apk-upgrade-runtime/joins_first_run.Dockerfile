# expect: findings
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base
RUN make

FROM alpine:3.21

WORKDIR /app
RUN apk add --no-cache ca-certificates tzdata
COPY --from=build /src/app /app/
