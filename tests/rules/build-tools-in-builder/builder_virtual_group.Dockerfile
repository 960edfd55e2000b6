# expect: findings
# The builder installs its tools as a `--virtual` group it deletes in the same `RUN`: there is
# no install to add gcc to, and the message says why.
FROM alpine:3.21 AS build
COPY . /src
RUN apk add --no-cache --virtual .deps build-base \
    && make -C /src \
    && apk del .deps

FROM alpine:3.21
RUN apk add --no-cache gcc
COPY --from=build /src/app /app
CMD ["/app"]
