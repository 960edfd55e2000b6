# expect: none
# The `--virtual` group is deleted again in a later `RUN` of the stage.
FROM alpine:3.21 AS build
RUN apk add --no-cache build-base
RUN make

FROM alpine:3.21
RUN apk add --no-cache --virtual .build-deps gcc musl-dev make
RUN make -C /usr/src/ext install
RUN apk del --no-network .build-deps
COPY --from=build /a /a
