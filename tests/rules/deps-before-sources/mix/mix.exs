defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [app: :shop, version: "0.1.0", elixir: "~> 1.17", deps: deps()]
  end

  # Dependencies from Hex.
  defp deps do
    [{:jason, "~> 1.4"}, {:plug_cowboy, "~> 2.7"}]
  end
end
