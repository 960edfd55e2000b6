# expect: findings
# The test stage creates `tester`, but the runtime stage is not built on it: the fix creates
# its own user.
FROM debian:bookworm AS test
RUN useradd --uid 1234 --create-home tester
USER tester
RUN ./run-tests.sh

FROM debian:bookworm
COPY --from=test /home/tester/app /app
CMD ["/app/server"]
