# expect: findings
# The last stage is named for debugging, and no target says it ships: only reported.
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
RUN go build -o /app .

FROM alpine:3.21 AS debug
RUN apk add --no-cache ca-certificates make
COPY --from=build /app /usr/local/bin/app
