# expect: none
FROM alpine:3.21
ENV A=1 B="two words" C='x y'
LABEL org.example.name=app
RUN echo ENV A b
