"""Words Dutch municipal teams use: suggestions for domains and parties.

They are suggestions in pick lists; a team can always type its own.
"""

POLICY_DOMAINS = (
    "Wmo", "Jeugd", "Werk en inkomen", "Schuldhulp", "Onderwijs", "Gezondheid", "Welzijn",
    "Ruimtelijke ordening", "Bouw- en woningtoezicht", "Welstand", "Riolering en water",
    "Openbare ruimte", "Groen", "Verkeer en mobiliteit", "Veiligheid", "Wonen",
    "Energietransitie", "Klimaatadaptatie", "Onderwijshuisvesting", "Vastgoed",
)  # fmt: skip

PARTIES = (
    "Gemeente", "Woningcorporatie", "Huurdersorganisatie", "Netbeheerder", "Warmtebedrijf",
    "Waterschap", "Drinkwaterbedrijf", "Welzijnsorganisatie", "Wijkteam", "Schoolbestuur",
    "Zorgaanbieder", "Aannemer", "Provincie", "Bewoners", "VvE", "Energiecoöperatie",
    "Ondernemers", "UWV",
)  # fmt: skip
