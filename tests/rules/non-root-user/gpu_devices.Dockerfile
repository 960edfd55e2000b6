# expect: findings
# A ROCm server opens /dev/kfd and /dev/dri, which only the video and render groups may: a new
# user outside them loses the GPU. Reported, not fixed.
FROM rocm/dev-ubuntu-22.04:6.2 AS build
COPY . /src
RUN make -C /src

FROM rocm/dev-ubuntu-22.04:6.2-complete
COPY --from=build /src/server /app/server
CMD ["/app/server"]
