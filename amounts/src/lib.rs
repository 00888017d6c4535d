//! Exact human amounts for the `nuts` tools and every front end: what a maker or taker types
//! (`10000USD`, `1.5 GOLD`, `150%`, `0.1%/day`, `30d`) to and from the integers the contracts
//! take, in a token's smallest unit, basis points or millionths. Every conversion is integer
//! arithmetic on the decimal digits: never through a float, so `0.1` is exactly `0.1`.
//!
//! A token's decimals come from its PSP22Metadata (`token_decimals`); an amount with more
//! fractional digits than the token has is refused ([`AmountError::TooManyDecimals`]), never
//! rounded.

use std::fmt;

/// A token as the tools name it: its symbol and its decimals (PSP22Metadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenUnit {
    /// The symbol users type, matched without regard to case (`USD`, `gold`).
    pub symbol: String,
    /// Decimal places of one whole token: an amount of 1 whole token is `10^decimals` units.
    /// At most [`MAX_DECIMALS`].
    pub decimals: u8,
}

/// Most decimals a token may have here: `10^38` is the largest power of ten in a `u128`.
pub const MAX_DECIMALS: u8 = 38;

/// Why a typed amount was refused. Nothing is sent when a tool gets one of these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// Nothing was typed.
    Empty,
    /// A negative amount: amounts are never below zero.
    Negative,
    /// Not a decimal number (the text is given back).
    NotANumber(String),
    /// More fractional digits than the unit has (`1.0000001USDC` with 6 decimals).
    TooManyDecimals {
        /// Fractional digits typed.
        typed: usize,
        /// Fractional digits the unit allows.
        allowed: u8,
    },
    /// The amount does not fit the contracts' integer (`u128`, or `u32` for rates and days).
    TooLarge,
    /// No token of that symbol is known here (the known symbols are given).
    UnknownToken {
        /// The symbol typed.
        symbol: String,
        /// The symbols this deployment knows.
        known: Vec<String>,
    },
    /// An amount of a token needs its symbol after the number (`10000USD`).
    MissingSymbol,
    /// The unit after the number is not the one expected (`%`, `%/day`, `d`).
    WrongUnit {
        /// What was typed after the number.
        typed: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A token with more than [`MAX_DECIMALS`] decimals.
    UnsupportedDecimals(u8),
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "no amount given"),
            Self::Negative => write!(f, "amounts cannot be negative"),
            Self::NotANumber(text) => write!(f, "`{text}` is not a decimal number"),
            Self::TooManyDecimals { typed, allowed } => write!(
                f,
                "{typed} decimal places given, the unit has {allowed}: amounts are never rounded"
            ),
            Self::TooLarge => write!(f, "the amount is too large"),
            Self::UnknownToken { symbol, known } => {
                write!(f, "unknown token `{symbol}`; known: {}", known.join(", "))
            }
            Self::MissingSymbol => write!(f, "give the token after the number, as in 10000USD"),
            Self::WrongUnit { typed, expected } => {
                write!(f, "expected `{expected}` after the number, got `{typed}`")
            }
            Self::UnsupportedDecimals(decimals) => write!(
                f,
                "a token with {decimals} decimals is not supported (at most {MAX_DECIMALS})"
            ),
        }
    }
}

impl std::error::Error for AmountError {}

/// `10^exponent`, for exponents up to [`MAX_DECIMALS`].
fn power_of_ten(exponent: u8) -> Result<u128, AmountError> {
    10u128
        .checked_pow(u32::from(exponent))
        .ok_or(AmountError::UnsupportedDecimals(exponent))
}

/// Parses a non-negative decimal number (`1`, `1.5`, `0.000001`, `1_000`) into an integer
/// scaled by `10^scale`: `parse_scaled("1.5", 18)` is `1.5 * 10^18` exactly.
///
/// Errors: `Empty`, `Negative`, `NotANumber`, `TooManyDecimals` (more than `scale` fractional
/// digits; trailing zeros beyond it are accepted), `TooLarge` (beyond `u128::MAX`),
/// `UnsupportedDecimals` (`scale` above [`MAX_DECIMALS`]).
pub fn parse_scaled(text: &str, scale: u8) -> Result<u128, AmountError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    if text.starts_with('-') {
        return Err(AmountError::Negative);
    }
    let digits: String = text.trim_start_matches('+').replace('_', "");
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !all_digits(whole) || !all_digits(fraction) {
        return Err(AmountError::NotANumber(text.to_owned()));
    }
    let unit = power_of_ten(scale)?;
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > usize::from(scale) {
        return Err(AmountError::TooManyDecimals {
            typed: fraction.len(),
            allowed: scale,
        });
    }
    let number = |part: &str| -> Result<u128, AmountError> {
        part.bytes().try_fold(0u128, |acc, digit| {
            acc.checked_mul(10)
                .and_then(|acc| acc.checked_add(u128::from(digit - b'0')))
                .ok_or(AmountError::TooLarge)
        })
    };
    let fraction_units = number(fraction)?
        * power_of_ten(scale - u8::try_from(fraction.len()).expect("at most scale"))?;
    number(whole)?
        .checked_mul(unit)
        .and_then(|whole| whole.checked_add(fraction_units))
        .ok_or(AmountError::TooLarge)
}

/// `amount` (scaled by `10^scale`) as a decimal number, exactly, without trailing zeros:
/// `format_scaled(1_500_000, 6)` is `"1.5"`. The inverse of [`parse_scaled`].
pub fn format_scaled(amount: u128, scale: u8) -> String {
    let Ok(unit) = power_of_ten(scale) else {
        return amount.to_string();
    };
    let (whole, fraction) = (amount / unit, amount % unit);
    if fraction == 0 {
        return whole.to_string();
    }
    let fraction = format!("{fraction:0width$}", width = usize::from(scale));
    format!("{whole}.{}", fraction.trim_end_matches('0'))
}

/// Splits `10000USD`, `1.5 GOLD` into the number and what follows it.
fn split_unit(text: &str) -> (&str, &str) {
    let text = text.trim();
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '+')))
        .unwrap_or(text.len());
    (text[..end].trim(), text[end..].trim())
}

/// Parses an amount of a token (`10000USD`, `1.5 GOLD`, symbols matched without regard to
/// case) into the token and the amount in its smallest unit.
///
/// Errors: `MissingSymbol`, `UnknownToken` (with the known symbols), and those of
/// [`parse_scaled`] at the token's decimals.
pub fn parse_token_amount<'a>(
    text: &str,
    tokens: &'a [TokenUnit],
) -> Result<(&'a TokenUnit, u128), AmountError> {
    let (number, symbol) = split_unit(text);
    if number.starts_with('-') {
        return Err(AmountError::Negative);
    }
    if symbol.is_empty() {
        return Err(AmountError::MissingSymbol);
    }
    let token = tokens
        .iter()
        .find(|token| token.symbol.eq_ignore_ascii_case(symbol))
        .ok_or_else(|| AmountError::UnknownToken {
            symbol: symbol.to_owned(),
            known: tokens.iter().map(|token| token.symbol.clone()).collect(),
        })?;
    Ok((token, parse_scaled(number, token.decimals)?))
}

/// `amount` of `token` for people: `"1.5 GOLD"`.
pub fn format_token_amount(amount: u128, token: &TokenUnit) -> String {
    format!("{} {}", format_scaled(amount, token.decimals), token.symbol)
}

/// Parses a number followed by exactly `unit` (after trimming), scaled by `10^scale`, as a u32.
fn parse_with_unit(text: &str, unit: &'static str, scale: u8) -> Result<u32, AmountError> {
    let (number, typed) = split_unit(text);
    if typed != unit {
        return Err(AmountError::WrongUnit {
            typed: typed.to_owned(),
            expected: unit,
        });
    }
    u32::try_from(parse_scaled(number, scale)?).map_err(|_| AmountError::TooLarge)
}

/// A percentage in basis points (10000 = 100%), as loans' collateral ratios take it:
/// `"150%"` is 15000, `"150.25%"` 15025. Errors: `WrongUnit` without `%`, more than two
/// decimals (`TooManyDecimals`), and those of [`parse_scaled`].
pub fn parse_basis_points(text: &str) -> Result<u32, AmountError> {
    parse_with_unit(text, "%", 2)
}

/// A daily rate in millionths of the principal (1_000_000 = 100% a day), as loans' interest
/// rates take it: `"0.1%/day"` is 1000. Errors: `WrongUnit` without `%/day`, more than four
/// decimals of a percent (`TooManyDecimals`), and those of [`parse_scaled`].
pub fn parse_daily_rate(text: &str) -> Result<u32, AmountError> {
    parse_with_unit(text, "%/day", 4)
}

/// A whole number of days: `"30d"` is 30. Errors: `WrongUnit` without `d`, a fraction of a
/// day (`TooManyDecimals`), and those of [`parse_scaled`].
pub fn parse_days(text: &str) -> Result<u32, AmountError> {
    parse_with_unit(text, "d", 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens() -> Vec<TokenUnit> {
        [("USD", 6), ("GOLD", 18), ("NUTS", 10)]
            .into_iter()
            .map(|(symbol, decimals)| TokenUnit {
                symbol: symbol.into(),
                decimals,
            })
            .collect()
    }

    #[test]
    fn token_amounts_are_exact_in_the_smallest_unit() {
        let tokens = tokens();
        let amount = |text| parse_token_amount(text, &tokens).map(|(t, a)| (t.symbol.clone(), a));
        assert_eq!(amount("10000USD"), Ok(("USD".into(), 10_000_000_000)));
        assert_eq!(
            amount("1.5 gold"),
            Ok(("GOLD".into(), 1_500_000_000_000_000_000))
        );
        assert_eq!(
            amount("0.1GOLD"),
            Ok(("GOLD".into(), 100_000_000_000_000_000))
        );
        assert_eq!(amount("0.000001USD"), Ok(("USD".into(), 1)));
        assert_eq!(amount("1.500000USD"), Ok(("USD".into(), 1_500_000)));
        assert_eq!(amount(".5NUTS"), Ok(("NUTS".into(), 5_000_000_000)));
        assert_eq!(amount("1_000USD"), Ok(("USD".into(), 1_000_000_000)));
    }

    #[test]
    fn bad_amounts_are_refused_typed() {
        let tokens = tokens();
        let amount = |text| parse_token_amount(text, &tokens).map(|(_, a)| a);
        assert_eq!(amount("-5USD"), Err(AmountError::Negative));
        assert_eq!(
            amount("0.0000001USD"),
            Err(AmountError::TooManyDecimals {
                typed: 7,
                allowed: 6
            })
        );
        assert_eq!(
            amount("5EUR"),
            Err(AmountError::UnknownToken {
                symbol: "EUR".into(),
                known: vec!["USD".into(), "GOLD".into(), "NUTS".into()]
            })
        );
        assert_eq!(amount("5"), Err(AmountError::MissingSymbol));
        assert_eq!(amount("USD"), Err(AmountError::Empty));
        assert_eq!(
            amount("1.2.3USD"),
            Err(AmountError::NotANumber("1.2.3".into()))
        );
        assert_eq!(amount(".USD"), Err(AmountError::NotANumber(".".into())));
        assert_eq!(
            amount("340282366920938463463374607431768211456GOLD"),
            Err(AmountError::TooLarge)
        );
        assert_eq!(
            amount("340282366920938463464GOLD"),
            Err(AmountError::TooLarge),
            "fits as a number, not in 18-decimal units"
        );
    }

    #[test]
    fn rates_ratios_and_days() {
        assert_eq!(parse_basis_points("150%"), Ok(15_000));
        assert_eq!(parse_basis_points("150.25 %"), Ok(15_025));
        assert_eq!(
            parse_basis_points("150.255%"),
            Err(AmountError::TooManyDecimals {
                typed: 3,
                allowed: 2
            })
        );
        assert_eq!(
            parse_basis_points("150"),
            Err(AmountError::WrongUnit {
                typed: String::new(),
                expected: "%"
            })
        );
        assert_eq!(parse_daily_rate("0.1%/day"), Ok(1_000));
        assert_eq!(parse_daily_rate("0.0001%/day"), Ok(1));
        assert_eq!(parse_daily_rate("5%/day"), Ok(50_000));
        assert_eq!(parse_days("30d"), Ok(30));
        assert_eq!(
            parse_days("1.5d"),
            Err(AmountError::TooManyDecimals {
                typed: 1,
                allowed: 0
            })
        );
        assert_eq!(parse_days("5000000000d"), Err(AmountError::TooLarge));
        assert_eq!(parse_days("-3d"), Err(AmountError::Negative));
    }

    #[test]
    fn amounts_print_exactly() {
        let gold = &tokens()[1];
        assert_eq!(
            format_token_amount(1_500_000_000_000_000_000, gold),
            "1.5 GOLD"
        );
        assert_eq!(format_token_amount(1, gold), "0.000000000000000001 GOLD");
        assert_eq!(format_scaled(7_500, 0), "7500");
        assert_eq!(
            format_scaled(u128::MAX, 38),
            "3.40282366920938463463374607431768211455"
        );
    }

    proptest! {
        /// Printing then parsing gives every u128 back, at every number of decimals.
        #[test]
        fn format_then_parse_is_the_identity(amount: u128, scale in 0u8..=MAX_DECIMALS) {
            prop_assert_eq!(parse_scaled(&format_scaled(amount, scale), scale), Ok(amount));
        }

        /// Parsing agrees with a reference built from the digits as a string.
        #[test]
        fn parsing_matches_the_digits(
            whole in 0u64..,
            fraction in proptest::collection::vec(0u8..10, 0..=18),
        ) {
            let digits: String = fraction.iter().map(|d| char::from(b'0' + d)).collect();
            let text = format!("{whole}.{digits}");
            let padded = format!("{whole}{digits:0<18}");
            prop_assert_eq!(parse_scaled(&text, 18), Ok(padded.parse::<u128>().unwrap()));
        }
    }
}
