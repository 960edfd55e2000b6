defmodule MyApp do
  def hello, do: :world
end
