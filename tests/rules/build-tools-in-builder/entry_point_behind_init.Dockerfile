# expect: findings
# The image's entrypoint runs git behind tini: git stays.
FROM golang:1.23-alpine AS build
RUN apk add --no-cache git
COPY . /src
RUN cd /src && go build -o /app .

FROM alpine:3.21
RUN apk add --no-cache tini git
COPY --from=build /app /app
ENTRYPOINT ["tini", "--", "git"]
