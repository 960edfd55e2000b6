FROM alpine
FOO bar
RUN echo ok
