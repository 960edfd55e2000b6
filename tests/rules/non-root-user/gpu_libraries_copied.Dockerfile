# expect: findings
# The runtime stage is plain Ubuntu, but the libraries it copies were built on ROCm, whose
# devices a new user could not open: reported, not fixed.
FROM rocm/dev-ubuntu-22.04:6.2 AS build
COPY . /src
RUN make -C /src

FROM ubuntu:22.04
COPY --from=build /src/lib /usr/lib/ollama
COPY --from=build /src/server /usr/bin/server
CMD ["/usr/bin/server"]
