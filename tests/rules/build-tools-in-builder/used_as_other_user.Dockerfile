# expect: findings
# The tools run as another user: `cmake` named in an `su -c` script, `git` through `runuser`.
# Both stay.
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
RUN go build -o /app .

FROM alpine:3.21
RUN apk add --no-cache cmake
RUN adduser -D app && su app -c "test -x /usr/bin/cmake && echo cmake found"
RUN apk add --no-cache git runuser
RUN runuser -u app -- git config --global --add safe.directory /project
COPY --from=build /app /usr/local/bin/app
