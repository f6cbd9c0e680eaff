"""Maps a marketplace category to Nice classes, saying whether the guess is specific or vague."""

# Keyword (lower case, matched against the category's path parts) → classes.
# Specific: the category names the goods. Vague: the category covers many kinds of goods.
_SPECIFIC: dict[str, tuple[int, ...]] = {
    "shoes": (25,), "sneakers": (25,), "footwear": (25,), "boots": (25,), "apparel": (25,),
    "clothing": (25,), "t-shirts": (25,), "shirts": (25,), "dresses": (25,), "hats": (25,),
    "jackets": (25,), "sportswear": (25,), "socks": (25,),
    "bags": (18,), "handbags": (18,), "wallets": (18,), "luggage": (18,), "leather goods": (18,),
    "backpacks": (18,),
    "watches": (14,), "jewelry": (14,), "jewellery": (14,),
    "sunglasses": (9,), "eyewear": (9,), "phones": (9,), "phone cases": (9,), "electronics": (9,),
    "headphones": (9,), "computers": (9,), "cameras": (9,), "software": (9,),
    "perfume": (3,), "fragrance": (3,), "cosmetics": (3,), "makeup": (3,), "skin care": (3,),
    "beauty": (3,), "shampoo": (3,),
    "medicines": (5,), "medicine": (5,), "pharmacy": (5,), "injectables": (5,),
    "supplements": (5,), "vitamins": (5,), "baby formula": (5, 29),
    "medical devices": (10,),
    "toys": (28,), "games": (28,), "sports equipment": (28,),
    "coffee": (30,), "tea": (30,), "chocolate": (30,), "snacks": (30,), "confectionery": (30,),
    "beverages": (32,), "soft drinks": (32,), "wine": (33,), "spirits": (33,), "beer": (32,),
    "furniture": (20,), "kitchenware": (21,), "tableware": (21,), "bedding": (24,),
    "textiles": (24,), "tools": (8,), "bicycles": (12,), "car parts": (12,), "automotive": (12,),
    "stationery": (16,), "books": (16,), "printer ink": (2,), "lighting": (11,),
    "appliances": (7, 11), "tobacco": (34,), "e-cigarettes": (34,),
}
_VAGUE: dict[str, tuple[int, ...]] = {
    "fashion": (14, 18, 25), "accessories": (9, 14, 18, 25), "sports": (25, 28),
    "health": (3, 5, 10), "food": (29, 30, 31, 32), "grocery": (29, 30, 31, 32),
    "baby": (5, 10, 25, 28), "home": (20, 21, 24), "gifts": (14, 16, 28),
}


def classes_for_category(category: str | None) -> tuple[tuple[int, ...], bool]:
    """(classes, certain). The most specific path part wins; nothing known → ((), False)."""
    if not category:
        return (), False
    parts = [p.strip().lower() for p in category.replace("/", ">").split(">") if p.strip()]
    for part in reversed(parts):
        if part in _SPECIFIC:
            return _SPECIFIC[part], True
    for part in reversed(parts):
        if part in _VAGUE:
            return _VAGUE[part], False
    return (), False
