# escape=`
# expect: findings
FROM alpine:3.21 AS build
RUN apk add --no-cache `
      build-base
RUN make

FROM alpine:3.21
RUN apk add --no-cache `
      curl `
      # compilers
      gcc `
      make
RUN apk add --no-cache libffi-dev linux-headers `
    tzdata
COPY --from=build /a /a
