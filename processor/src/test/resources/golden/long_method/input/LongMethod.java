package p;

import dev.adjoint.Differentiable;

/** A long straight-line method: its derivatives cross the JIT's size limit and are printed in parts. */
public class LongMethod {

    @Differentiable
    public static double scale(double a, double b) {
        return a / (1 + b * b);
    }

    @Differentiable
    public static double longFormula(double x, double y) {
        int crossings = 0;
        x = 0.5 * x + 0.25;
        double a0 = x * y;
        double a1 = Math.sin(x) + y;
        double a2 = a1 * a0 / (1 + a1 * a1);
        double a3 = Math.log1p(a2 * a2) - 0.5 * a1 * y;
        double a4;
        if (a3 > a2) {
            a4 = a3 * 0.5 + Math.cos(a2);
            crossings++;
        } else {
            a4 = a2 - 0.25 * a3;
        }
        double a5 = Math.exp(-a4 * a4) + x * a3;
        double a6 = a5 * a4 / (1 + a5 * a5);
        double a7 = scale(a6, a5) + 0.1 * x;
        double a8 = Math.sin(a7) * y + a6 * a7;
        double a9 = Math.exp(-a8 * a8) + x * a7;
        double a10 = a9 * a8 / (1 + a9 * a9);
        double a11 = Math.log1p(a10 * a10) - 0.5 * a9 * y;
        double a12 = Math.sin(a11) * y + a10 * a11;
        double a13 = Math.exp(-a12 * a12) + x * a11;
        double a14;
        if (a13 > a12) {
            a14 = a13 * 0.5 + Math.cos(a12);
            crossings++;
        } else {
            a14 = a12 - 0.25 * a13;
        }
        double a15 = Math.log1p(a14 * a14) - 0.5 * a13 * y;
        double a16 = Math.sin(a15) * y + a14 * a15;
        double a17 = scale(a16, a15) + 0.1 * x;
        double a18 = a17 * a16 / (1 + a17 * a17);
        double a19 = Math.log1p(a18 * a18) - 0.5 * a17 * y;
        double a20 = Math.sin(a19) * y + a18 * a19;
        double a21 = Math.exp(-a20 * a20) + x * a19;
        double a22 = a21 * a20 / (1 + a21 * a21);
        double a23 = Math.log1p(a22 * a22) - 0.5 * a21 * y;
        double a24;
        if (a23 > a22) {
            a24 = a23 * 0.5 + Math.cos(a22);
            crossings++;
        } else {
            a24 = a22 - 0.25 * a23;
        }
        double a25 = Math.exp(-a24 * a24) + x * a23;
        double a26 = a25 * a24 / (1 + a25 * a25);
        double a27 = scale(a26, a25) + 0.1 * x;
        double a28 = Math.sin(a27) * y + a26 * a27;
        double a29 = Math.exp(-a28 * a28) + x * a27;
        double a30 = a29 * a28 / (1 + a29 * a29);
        double a31 = Math.log1p(a30 * a30) - 0.5 * a29 * y;
        double a32 = Math.sin(a31) * y + a30 * a31;
        double a33 = Math.exp(-a32 * a32) + x * a31;
        double a34;
        if (a33 > a32) {
            a34 = a33 * 0.5 + Math.cos(a32);
            crossings++;
        } else {
            a34 = a32 - 0.25 * a33;
        }
        double a35 = Math.log1p(a34 * a34) - 0.5 * a33 * y;
        double a36 = Math.sin(a35) * y + a34 * a35;
        double a37 = scale(a36, a35) + 0.1 * x;
        double a38 = a37 * a36 / (1 + a37 * a37);
        double a39 = Math.log1p(a38 * a38) - 0.5 * a37 * y;
        double a40 = Math.sin(a39) * y + a38 * a39;
        double a41 = Math.exp(-a40 * a40) + x * a39;
        double a42 = a41 * a40 / (1 + a41 * a41);
        double a43 = Math.log1p(a42 * a42) - 0.5 * a41 * y;
        double a44;
        if (a43 > a42) {
            a44 = a43 * 0.5 + Math.cos(a42);
            crossings++;
        } else {
            a44 = a42 - 0.25 * a43;
        }
        double a45 = Math.exp(-a44 * a44) + x * a43;
        double a46 = a45 * a44 / (1 + a45 * a45);
        double a47 = scale(a46, a45) + 0.1 * x;
        double a48 = Math.sin(a47) * y + a46 * a47;
        double a49 = Math.exp(-a48 * a48) + x * a47;
        double a50 = a49 * a48 / (1 + a49 * a49);
        double a51 = Math.log1p(a50 * a50) - 0.5 * a49 * y;
        double a52 = Math.sin(a51) * y + a50 * a51;
        double a53 = Math.exp(-a52 * a52) + x * a51;
        double a54;
        if (a53 > a52) {
            a54 = a53 * 0.5 + Math.cos(a52);
            crossings++;
        } else {
            a54 = a52 - 0.25 * a53;
        }
        double a55 = Math.log1p(a54 * a54) - 0.5 * a53 * y;
        double a56 = Math.sin(a55) * y + a54 * a55;
        double a57 = scale(a56, a55) + 0.1 * x;
        double a58 = a57 * a56 / (1 + a57 * a57);
        double a59 = Math.log1p(a58 * a58) - 0.5 * a57 * y;
        double a60 = Math.sin(a59) * y + a58 * a59;
        double a61 = Math.exp(-a60 * a60) + x * a59;
        double a62 = a61 * a60 / (1 + a61 * a61);
        double a63 = Math.log1p(a62 * a62) - 0.5 * a61 * y;
        double a64;
        if (a63 > a62) {
            a64 = a63 * 0.5 + Math.cos(a62);
            crossings++;
        } else {
            a64 = a62 - 0.25 * a63;
        }
        double a65 = Math.exp(-a64 * a64) + x * a63;
        double a66 = a65 * a64 / (1 + a65 * a65);
        double a67 = scale(a66, a65) + 0.1 * x;
        double a68 = Math.sin(a67) * y + a66 * a67;
        double a69 = Math.exp(-a68 * a68) + x * a67;
        double a70 = a69 * a68 / (1 + a69 * a69);
        double a71 = Math.log1p(a70 * a70) - 0.5 * a69 * y;
        double a72 = Math.sin(a71) * y + a70 * a71;
        double a73 = Math.exp(-a72 * a72) + x * a71;
        double a74;
        if (a73 > a72) {
            a74 = a73 * 0.5 + Math.cos(a72);
            crossings++;
        } else {
            a74 = a72 - 0.25 * a73;
        }
        double a75 = Math.log1p(a74 * a74) - 0.5 * a73 * y;
        double a76 = Math.sin(a75) * y + a74 * a75;
        double a77 = scale(a76, a75) + 0.1 * x;
        double a78 = a77 * a76 / (1 + a77 * a77);
        double a79 = Math.log1p(a78 * a78) - 0.5 * a77 * y;
        return a79 + crossings * a0;
    }
}
