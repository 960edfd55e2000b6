# expect: findings
# A comment above or in the install saying the package is needed at run time: only reported.
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
RUN go build -o /app .

FROM alpine:3.21
# git is needed at runtime to fetch the plugins.
RUN apk add --no-cache git
RUN apk add --no-cache \
      ca-certificates \
      make `# required by the plugin loader`
# Time zones for the logs.
RUN apk add --no-cache tzdata cmake
COPY --from=build /app /usr/local/bin/app
