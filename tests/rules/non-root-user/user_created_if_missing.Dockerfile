# expect: findings
# The user is created only when it does not exist yet, so its uid may not be the one written:
# the stage switches to it by name.
FROM golang:1.23 AS build
COPY . /src
RUN cd /src && go build -o /app .

FROM debian:bookworm-slim
RUN id -u app >/dev/null 2>&1 || useradd -r -u 1500 app
COPY --from=build /app /usr/local/bin/app
CMD ["app"]
