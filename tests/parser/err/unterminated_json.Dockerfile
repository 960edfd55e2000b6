FROM alpine
CMD ["nginx", "-g"
RUN echo after
