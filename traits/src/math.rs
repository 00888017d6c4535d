//! Amount arithmetic: `a · b / c` on amounts (`u128`) with a 256-bit intermediate, so that a rule
//! fails with `Overflow` only when its **result** does not fit a `u128`, never because a product
//! on the way does. Two 18-decimal amounts multiply past `u128::MAX` (≈ 3.4 · 10³⁸): 10,000 USD
//! (10²² units) times a rate of 0.5 · 10¹⁸ is 5 · 10³⁹. Every rule that scales an amount by a
//! ratio (a loan's interest and collateral, a swap taker's share, a completion ratio) goes
//! through [`mul_div`] or [`mul_div_scaled_ceil`]; each rule keeps its own rounding direction.
//!
//! The wide integer is `U256` of the [`ethnum`] crate (1.5, MIT/Apache-2.0): `no_std` with no
//! dependency at all, two `u128` words, checked operations and a 256-by-256 division. It was
//! chosen for its Wasm code size, which every contract that computes amounts pays for
//! (`MaxCodeLen`, upload and storage deposits). Measured on this module's algorithm built for
//! `wasm32-unknown-unknown` with the contracts' release profile (`opt-level = "z"`, LTO,
//! `panic = "abort"`) then `wasm-opt -Oz`: the code section grew by about 4.0 KB over plain
//! `u128` arithmetic with `ethnum` 1.5, by about 4.5 KB with `uint` 0.10 (whose `U256` is the one
//! `primitive-types` re-exports, with `fixed-hash` on top). In the contracts, `lending_v2` and
//! `multi_swap_v2` each grew by about 4.4 KB (33.3 to 37.7 KB, 28.8 to 33.2 KB after
//! `wasm-opt -Oz`). The algorithm needs no type wider than 256 bits, even for
//! [`mul_div_scaled_ceil`]'s three factors (see `scaled`).
//!
//! Only checked operations are used (the contracts are linted with
//! `clippy::arithmetic_side_effects` and `clippy::cast_possible_truncation`): the conversion back
//! to `u128` is a `try_from`, never a cast.

use ethnum::U256;

/// `⌊a · b / c⌋`, exactly. `None` when `c` is 0 or the result exceeds `u128::MAX`.
pub fn mul_div(a: u128, b: u128, c: u128) -> Option<u128> {
    scaled(a, b, c, (1, 1), false)
}

/// `⌈a · b · s / (c · t)⌉` for `(s, t) = scale`: `a · b / c` scaled by the small ratio `s / t`
/// (basis points, say), rounded up once, exactly. `None` when `c` or `t` is 0 or the result
/// exceeds `u128::MAX`.
pub fn mul_div_scaled_ceil(a: u128, b: u128, c: u128, scale: (u32, u32)) -> Option<u128> {
    scaled(a, b, c, scale, true)
}

/// `a · b · s / (c · t)`, rounded down or up. With `d = c · t` (< 2¹⁶⁰) and `a · b = q · d + r`
/// (`a · b` < 2²⁵⁶, `r` < `d`): `a · b · s / d = q · s + r · s / d`, where `r · s` < 2¹⁹² fits
/// too; `q · s` overflowing 256 bits means a result above `u128::MAX`.
fn scaled(a: u128, b: u128, c: u128, (s, t): (u32, u32), round_up: bool) -> Option<u128> {
    let divisor = U256::from(c).checked_mul(U256::from(t))?;
    let (quotient, remainder) = U256::from(a)
        .checked_mul(U256::from(b))?
        .checked_div_rem(divisor)?;
    let s = U256::from(s);
    let (carry, rest) = remainder.checked_mul(s)?.checked_div_rem(divisor)?;
    let down = quotient.checked_mul(s)?.checked_add(carry)?;
    let result = if round_up && rest != U256::ZERO {
        down.checked_add(U256::ONE)?
    } else {
        down
    };
    u128::try_from(result).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    const UNIT: u128 = 1_000_000_000_000_000_000;

    #[test]
    fn eighteen_decimal_amounts_do_not_overflow() {
        // 10,000 USD at 0.5 GOLD per USD: 5,000 GOLD; at 150%: 7,500 GOLD
        assert_eq!(mul_div(10_000 * UNIT, UNIT / 2, UNIT), Some(5_000 * UNIT));
        assert_eq!(
            mul_div_scaled_ceil(10_000 * UNIT, UNIT / 2, UNIT, (15_000, 10_000)),
            Some(7_500 * UNIT)
        );
        assert_eq!(
            mul_div_scaled_ceil(UNIT, UNIT / 2, UNIT, (15_000, 10_000)),
            Some(3 * UNIT / 4)
        );
    }

    #[test]
    fn only_a_result_too_large_or_a_zero_divisor_fails() {
        assert_eq!(mul_div(u128::MAX, u128::MAX, u128::MAX), Some(u128::MAX));
        assert_eq!(mul_div(u128::MAX, 2, 1), None);
        assert_eq!(mul_div(u128::MAX, 3, 2), None);
        assert_eq!(mul_div(1, 1, 0), None);
        assert_eq!(mul_div(0, 0, 0), None);
        let all = (u32::MAX, u32::MAX);
        assert_eq!(
            mul_div_scaled_ceil(u128::MAX, u128::MAX, u128::MAX, all),
            Some(u128::MAX)
        );
        assert_eq!(mul_div_scaled_ceil(1, 1, 1, (1, 0)), None);
        assert_eq!(mul_div_scaled_ceil(u128::MAX, 1, 1, (2, 1)), None);
        // the largest product, divided back to u128::MAX, then scaled past it
        assert_eq!(
            mul_div_scaled_ceil(u128::MAX, u128::MAX, u128::MAX, (u32::MAX, 1)),
            None
        );
    }

    #[test]
    fn rounding_goes_the_named_way() {
        assert_eq!(mul_div(10, 2, 3), Some(6));
        assert_eq!(mul_div_scaled_ceil(10, 2, 3, (1, 1)), Some(7));
        assert_eq!(mul_div_scaled_ceil(9, 2, 3, (1, 1)), Some(6));
        // 10000 * 15000 / 10000 at 1/7 = 2142.857...: 2143
        assert_eq!(
            mul_div_scaled_ceil(10_000, 1, 7, (15_000, 10_000)),
            Some(2_143)
        );
        // u128::MAX / 2 * 3 / 3 is exact; + 1 / 3 rounds up
        let half = u128::MAX / 2;
        assert_eq!(mul_div_scaled_ceil(half, 3, 3, (1, 1)), Some(half));
        assert_eq!(mul_div_scaled_ceil(half, 1, 3, (3, 1)), Some(half));
        assert_eq!(mul_div_scaled_ceil(half, 1, 1, (1, 3)), Some(half / 3 + 1));
    }

    /// Any `u128`, with every magnitude as likely as any other (and the edges).
    fn amount() -> impl Strategy<Value = u128> {
        prop_oneof![
            any::<u128>(),
            (any::<u128>(), 0u32..128).prop_map(|(x, shift)| x >> shift),
            Just(0),
            Just(1),
            Just(u128::MAX),
        ]
    }

    fn small() -> impl Strategy<Value = u32> {
        prop_oneof![
            any::<u32>(),
            (any::<u32>(), 0u32..32).prop_map(|(x, shift)| x >> shift),
            Just(0),
            Just(1),
            Just(u32::MAX),
        ]
    }

    fn fit(x: BigUint) -> Option<u128> {
        u128::try_from(x).ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        #[test]
        fn mul_div_is_the_exact_quotient_rounded_down(a in amount(), b in amount(), c in amount()) {
            let expected = (c > 0)
                .then(|| BigUint::from(a) * BigUint::from(b) / BigUint::from(c))
                .and_then(fit);
            prop_assert_eq!(mul_div(a, b, c), expected);
        }

        #[test]
        fn mul_div_scaled_ceil_is_the_exact_quotient_rounded_up(
            a in amount(), b in amount(), c in amount(), s in small(), t in small()
        ) {
            let divisor = BigUint::from(c) * BigUint::from(t);
            let expected = (divisor > BigUint::ZERO)
                .then(|| {
                    let dividend = BigUint::from(a) * BigUint::from(b) * BigUint::from(s);
                    (dividend + &divisor - 1u8) / &divisor
                })
                .and_then(fit);
            prop_assert_eq!(mul_div_scaled_ceil(a, b, c, (s, t)), expected);
        }
    }
}
