from alpine:3.21 as build
Run echo lower
COPY --FROM=build /a /b
